metadata description = '''Cosmos DB for NoSQL account, database and containers. The database name, partition keys and
indexing policies come from src/CitySense.Cosmos/containers.json, the file the application reads too,
so the two cannot disagree. Keys are disabled: access is by Entra identity and data-plane RBAC only.'''

import { Tags } from '../types.bicep'

@description('Required. Name of the account (3-44 lower-case letters, digits and hyphens).')
@minLength(3)
@maxLength(44)
param name string

@description('Required. Azure region (single write region).')
param location string

@description('Required. Tags for the account.')
param tags Tags

@description('Required. True for serverless capacity; false for provisioned autoscale throughput.')
param serverless bool

@description('Required. Maximum autoscale RU/s shared by the database; ignored when serverless.')
@minValue(1000)
param autoscaleMaxThroughput int

@description('Required. Backup mode.')
@allowed([
  'Periodic'
  'Continuous7Days'
  'Continuous30Days'
])
param backup string

@description('Required. Make the region zone redundant (where the region offers zones).')
param zoneRedundant bool

@description('Required. Time to live in seconds per container id. Containers not listed keep items forever.')
param timeToLiveSeconds { *: int }

@description('Required. Principal IDs that get the built-in Cosmos DB Built-in Data Contributor role on the account.')
param dataContributorPrincipalIds string[]

@description('Required. Resource ID of the Log Analytics workspace for diagnostics.')
param logAnalyticsWorkspaceId string

var dataModel = loadJsonContent('../../src/CitySense.Cosmos/containers.json')

// Built-in data-plane role "Cosmos DB Built-in Data Contributor": read and write items, no keys,
// no control-plane rights. Databases and containers are therefore created here, not by the app.
var dataContributorRoleDefinitionId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-04-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: zoneRedundant
      }
    ]
    capabilities: serverless ? [{ name: 'EnableServerless' }] : []
    backupPolicy: backup == 'Periodic'
      ? {
          type: 'Periodic'
          periodicModeProperties: {
            backupIntervalInMinutes: 240
            backupRetentionIntervalInHours: 8
            backupStorageRedundancy: 'Local'
          }
        }
      : {
          type: 'Continuous'
          continuousModeProperties: {
            tier: backup
          }
        }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-04-15' = {
  parent: account
  name: dataModel.database
  properties: {
    resource: {
      id: dataModel.database
    }
    // Serverless accounts take no throughput setting; provisioned ones share autoscale RU/s.
    options: serverless ? {} : { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } }
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-04-15' = [
  for container in dataModel.containers: {
    parent: database
    name: container.id
    properties: {
      resource: {
        id: container.id
        partitionKey: {
          paths: [container.partitionKeyPath]
          kind: 'Hash'
          version: 2
        }
        indexingPolicy: container.indexingPolicy
        defaultTtl: timeToLiveSeconds[?container.id]
      }
    }
  }
]

resource dataContributors 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-04-15' = [
  for principalId in dataContributorPrincipalIds: {
    parent: account
    name: guid(account.id, principalId, dataContributorRoleDefinitionId)
    properties: {
      principalId: principalId
      roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleDefinitionId}'
      scope: account.id
    }
  }
]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      { category: 'DataPlaneRequests', enabled: true }
      { category: 'QueryRuntimeStatistics', enabled: true }
      { category: 'PartitionKeyRUConsumption', enabled: true }
      { category: 'ControlPlaneRequests', enabled: true }
    ]
    metrics: [
      { category: 'Requests', enabled: true }
    ]
  }
}

@description('Resource ID of the account.')
output id string = account.id

@description('Name of the account.')
output name string = account.name

@description('Document endpoint, e.g. https://<name>.documents.azure.com:443/.')
output endpoint string = account.properties.documentEndpoint

@description('Name of the database (from containers.json).')
output databaseName string = database.name
