metadata description = '''One CitySense environment (dev, staging or prod): Functions app on Flex Consumption, Cosmos DB,
API Management with the developer portal, Key Vault for the Functions host keys, storage, monitoring
and alerts. Identity-based access everywhere; no key or connection string with a credential.'''

targetScope = 'subscription'

import { StageSettings } from 'types.bicep'

@description('Required. azd environment name (e.g. citysense-dev); names the resource group and seeds resource names.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Required. Azure region of every resource. It must offer Flex Consumption and, for the v2 API Management tiers, those tiers.')
@minLength(1)
param location string

@description('Required. Stage this environment plays. It selects stages/<stage>.settings.json.')
@allowed([
  'dev'
  'staging'
  'prod'
])
param stage string

@description('Required. E-mail of the team that runs the environment: receives alerts and is the API Management publisher contact.')
@minLength(3)
param operatorEmail string

@description('Optional. Object ID of the deploying user or service principal. In stages whose settings allow it (dev), it gets Cosmos DB data access for local runs.')
param principalId string = ''

@description('Optional. Everything that differs between stages. Defaults to the checked-in settings of the chosen stage.')
param settings StageSettings = {
  dev: loadJsonContent('stages/dev.settings.json')
  staging: loadJsonContent('stages/staging.settings.json')
  prod: loadJsonContent('stages/prod.settings.json')
}[stage]

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var serviceName = 'api'
var tags = {
  'azd-env-name': environmentName
  'citysense-stage': stage
}
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var cosmosContributors = settings.cosmosDeployerDataAccess && !empty(principalId)
  ? [identity.outputs.principalId, principalId]
  : [identity.outputs.principalId]

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    retentionInDays: settings.logRetentionDays
    appPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    skuName: settings.storageSku
    deploymentContainerName: 'deployment-package'
    appPrincipalId: identity.outputs.principalId
    // The queues of src/CitySense.Functions/Webhooks/WebhookQueues.cs (ingest -> fan-out -> delivery).
    queueNames: [
      'reading-events'
      'webhook-deliveries'
    ]
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'key-vault'
  scope: resourceGroup
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    softDeleteRetentionInDays: settings.keyVaultSoftDeleteRetentionDays
    enablePurgeProtection: settings.keyVaultPurgeProtection
    appPrincipalId: identity.outputs.principalId
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: resourceGroup
  params: {
    name: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: tags
    serverless: settings.cosmosServerless
    autoscaleMaxThroughput: settings.cosmosAutoscaleMaxThroughput
    backup: settings.cosmosBackup
    zoneRedundant: settings.zoneRedundant
    timeToLiveSeconds: {
      readings: settings.readingsRetentionDays * 86400
      audit: settings.auditRetentionDays * 86400
      // TTL on, no default: each delivery record carries its own ttl (Webhooks:DeliveryRetentionDays, 30 by default).
      deliveries: -1
    }
    dataContributorPrincipalIds: cosmosContributors
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'function-app'
  scope: resourceGroup
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: serviceName
    zoneRedundant: settings.zoneRedundant
    instanceMemoryMB: settings.functionInstanceMemoryMB
    maximumInstanceCount: settings.functionMaximumInstanceCount
    alwaysReadyInstances: settings.functionAlwaysReadyInstances
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    readingsRetentionDays: settings.readingsRetentionDays
    auditRetentionDays: settings.auditRetentionDays
    telemetrySuccessSamplingRatio: settings.telemetrySuccessSamplingRatio
    keyVaultUri: keyVault.outputs.uri
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module apiManagement 'modules/apim.bicep' = {
  name: 'api-management'
  scope: resourceGroup
  params: {
    name: '${abbrs.apiManagementService}${resourceToken}'
    location: location
    tags: tags
    skuName: settings.apiManagementSku
    skuCapacity: settings.apiManagementCapacity
    publisherEmail: operatorEmail
    publisherName: 'CitySense'
    corsAllowedOrigins: settings.corsAllowedOrigins
    anonymousCallsPerMinute: settings.anonymousCallsPerMinute
    publicProduct: settings.publicProduct
    operatorProduct: settings.operatorProduct
    adminProduct: settings.adminProduct
    samplingPercentage: settings.apiManagementSamplingPercentage
    functionAppHostName: functionApp.outputs.defaultHostName
    identityName: '${abbrs.managedIdentityUserAssignedIdentities}apim-${resourceToken}'
    keyVaultName: keyVault.outputs.name
    hostKeySecretNames: keyVault.outputs.apimKeySecretNames
    initialHostKeySecretUri: keyVault.outputs.initialApimKeySecretUri
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: resourceGroup
  params: {
    actionGroupName: '${abbrs.insightsActionGroups}${resourceToken}'
    alertNamePrefix: '${abbrs.insightsMetricAlerts}${resourceToken}-'
    location: location
    tags: tags
    operatorEmail: operatorEmail
    thresholds: settings.alerts
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    functionAppName: functionApp.outputs.name
    cosmosAccountId: cosmos.outputs.id
  }
}

@description('Region of the environment (azd).')
output AZURE_LOCATION string = location

@description('Tenant of the environment (azd).')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group that holds the environment (azd).')
output AZURE_RESOURCE_GROUP string = resourceGroup.name

@description('Stage of the environment.')
output CITYSENSE_STAGE string = stage

@description('Name of the function app that azd deploys the api service to.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('azd service output: name of the api service resource.')
output SERVICE_API_NAME string = functionApp.outputs.name

@description('Base URL of the function app itself; every function needs a host key there (scripts/rotate-host-key.sh probes it).')
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'

@description('Cosmos DB endpoint (identity access only).')
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint

@description('Cosmos DB database name.')
output AZURE_COSMOS_DATABASE string = cosmos.outputs.databaseName

@description('Key Vault that stores the Functions host keys.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Name of the API Management service.')
output AZURE_API_MANAGEMENT_NAME string = apiManagement.outputs.name

@description('API Management gateway URL.')
output AZURE_API_MANAGEMENT_GATEWAY_URL string = apiManagement.outputs.gatewayUrl

@description('Developer portal URL: sign up here to get a subscription key.')
output AZURE_API_MANAGEMENT_PORTAL_URL string = apiManagement.outputs.developerPortalUrl

@description('Base URL of the CitySense API for callers (gateway + /api).')
output CITYSENSE_API_URL string = apiManagement.outputs.apiUrl
