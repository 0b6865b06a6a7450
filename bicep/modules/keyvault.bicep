metadata description = '''Key Vault that is the Functions host key store (AzureWebJobsSecretStorageType=keyvault).
The first deployment writes the host master key and two host function keys, "apim1" and "apim2" (two slots, so
a rotation can introduce a new key before API Management switches to it); later deployments leave every value as
it is (@onlyIfNotExists). The Functions host reads them from here and API Management reads the active slot through
a Key Vault named value. No key passes through the Functions management API at deployment time, so this works on
Flex Consumption before any code is deployed. scripts/rotate-host-key.sh rotates on purpose.'''

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

@description('Optional. First value of host key slot "apim1", the slot API Management starts with. Used only when the secret does not exist yet.')
@secure()
param initialApimKey string = newGuid()

@description('Optional. First value of host key slot "apim2", idle until the first rotation. Used only when the secret does not exist yet.')
@secure()
param initialIdleApimKey string = newGuid()

@description('Optional. First value of the host master key; nothing outside the host uses it. Used only when the secret does not exist yet.')
@secure()
param initialMasterKey string = newGuid()

// Built-in role: Key Vault Secrets Officer (read and write secrets, no access management).
var secretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

// Names follow the Functions host's Key Vault secret repository (KeyVaultSecretsRepository): it reads the
// first secret named host--masterKey--* and every host--functionKey--<name>. Without a master key it
// generates new host keys and deletes every other host--* secret, so the master key is written here too.
// Slot names are letters and digits only: the repository encodes any other character ("-" becomes "-045").
var apimKeySlots = ['apim1', 'apim2']

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

// @onlyIfNotExists: a provision never rewrites a key, so API Management and the running host always agree.
// A slot is never deleted (a soft-deleted name would make the next create fail); rotation overwrites it.
@onlyIfNotExists()
resource masterKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'host--masterKey--master'
  properties: {
    value: initialMasterKey
    contentType: 'Azure Functions host master key'
  }
}

@onlyIfNotExists()
resource apimKeySecrets 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [
  for (slot, index) in apimKeySlots: {
    parent: vault
    name: 'host--functionKey--${slot}'
    properties: {
      value: index == 0 ? initialApimKey : initialIdleApimKey
      contentType: 'Azure Functions host key slot for API Management (x-functions-key)'
    }
  }
]

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

@description('Names of the host key slot secrets; API Management may read either.')
output apimKeySecretNames string[] = [for (slot, index) in apimKeySlots: apimKeySecrets[index].name]

@description('Versionless URI of the slot API Management starts with ("apim1"); not secret itself.')
output initialApimKeySecretUri string = '${vault.properties.vaultUri}secrets/host--functionKey--${apimKeySlots[0]}'
