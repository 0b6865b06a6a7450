metadata description = '''Key Vault that is the Functions host key store (AzureWebJobsSecretStorageType=keyvault).
The deployment writes the host master key and the host function key "apim"; the Functions host reads them
from here and API Management reads "apim" through a Key Vault named value. No key ever passes through the
Functions management API, so this works on Flex Consumption before any code is deployed.'''

import { Tags } from '../types.bicep'

@description('Required. Name of the vault (3-24 characters). Holds only this function app\'s keys: the Functions host treats every secret named host--* or function--* as its own.')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region.')
param location string

@description('Required. Tags for the vault.')
param tags Tags

@description('Required. Days a deleted vault or secret stays recoverable.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Required. Forbid purging deleted objects before their retention ends (irreversible once on).')
param enablePurgeProtection bool

@description('Required. Principal ID of the function app identity; it manages the keys it stores here (Key Vault Secrets Officer).')
param appPrincipalId string

@description('Required. Resource ID of the Log Analytics workspace for diagnostics.')
param logAnalyticsWorkspaceId string

@description('Optional. Value of the host key API Management presents. Generated on every deployment, so each provision rotates it.')
@secure()
param apimHostKey string = newGuid()

@description('Optional. Value of the host master key. Generated on every deployment; nothing outside the host uses it.')
@secure()
param masterKey string = newGuid()

// Built-in role: Key Vault Secrets Officer (read and write secrets, no access management).
var secretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

// Names follow the Functions host's Key Vault secret repository: host--masterKey--master and
// host--functionKey--<name>. Without a master key the host regenerates all host keys and deletes ours.
var apimHostKeyName = 'apim'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The service rejects an explicit false: leave the property out when protection is off.
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource masterKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'host--masterKey--master'
  properties: {
    value: masterKey
    contentType: 'Azure Functions host master key'
  }
}

resource apimHostKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'host--functionKey--${apimHostKeyName}'
  properties: {
    value: apimHostKey
    contentType: 'Azure Functions host key presented by API Management as x-functions-key'
  }
}

resource appKeyStoreAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, secretsOfficerRoleId)
  scope: vault
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRoleId)
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      { category: 'AuditEvent', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Vault URI, e.g. https://<name>.vault.azure.net/.')
output uri string = vault.properties.vaultUri

@description('Name of the secret that holds the API Management host key.')
output apimHostKeySecretName string = apimHostKeySecret.name

@description('Versioned URI of that secret. Not secret itself; API Management resolves it with its identity, and the function app restarts when it changes.')
output apimHostKeySecretUri string = apimHostKeySecret.properties.secretUriWithVersion
