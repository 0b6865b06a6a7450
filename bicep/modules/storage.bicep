metadata description = 'Storage account of the function app (host storage, Flex Consumption deployment packages and the webhook queues), reachable only with Entra identities.'

import { Tags } from '../types.bicep'

@description('Required. Name of the storage account (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region.')
param location string

@description('Required. Tags for the account.')
param tags Tags

@description('Required. Redundancy of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param skuName string

@description('Required. Name of the blob container that holds the deployment packages.')
param deploymentContainerName string

@description('Required. Principal ID of the function app identity; it gets blob and table data roles on the account and queue data roles on each queue of queueNames.')
param appPrincipalId string

@description('Required. Queues the app triggers on and sends to, created here so the app never creates one; each gets its <name>-poison queue, where the Functions host moves a message after maxDequeueCount failed attempts.')
@minLength(1)
param queueNames string[]

@description('Required. Resource ID of the Log Analytics workspace for diagnostics.')
param logAnalyticsWorkspaceId string

// Built-in data roles the Functions host needs on the whole account for identity-based AzureWebJobsStorage and for
// reading its deployment package: blob owner (leases, keys, package) and table contributor (diagnostic events).
// The host itself uses no queue, so queue access is granted per queue below, not on the account.
var dataRoleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

// Storage Queue Data Contributor, on each queue only. The queue trigger releases a failed message and renews a long
// one with Update Message (messages/write), which neither Message Processor nor Message Sender grants; Contributor is
// the only built-in role with it (docs/azure.md, "Queue roles", has the operation table and the links).
var queueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var allQueueNames = flatten(map(queueNames, queue => [queue, '${queue}-poison']))

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource queueService 'queueServices' = {
    name: 'default'
  }
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for queue in allQueueNames: {
    name: queue
    parent: account::queueService
  }
]

resource queueRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queue, index) in allQueueNames: {
    name: guid(queues[index].id, appPrincipalId, queueDataContributorRoleId)
    scope: queues[index]
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueDataContributorRoleId)
    }
  }
]

resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in items(dataRoleIds): {
    name: guid(account.id, appPrincipalId, roleId.value)
    scope: account
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId.value)
    }
  }
]

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account::blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      { category: 'StorageRead', enabled: true }
      { category: 'StorageWrite', enabled: true }
      { category: 'StorageDelete', enabled: true }
    ]
    metrics: [
      { category: 'Transaction', enabled: true }
    ]
  }
}

@description('Name of the storage account.')
output name string = account.name

@description('Blob endpoint, e.g. https://<name>.blob.core.windows.net/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Queue endpoint.')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('Names of every queue created, the -poison queues included.')
output queueNames string[] = allQueueNames

@description('Table endpoint.')
output tableEndpoint string = account.properties.primaryEndpoints.table

@description('URL of the deployment package container.')
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'
