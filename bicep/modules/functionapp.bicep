metadata description = '''CitySense Functions app on a Flex Consumption (FC1) plan: .NET 10 isolated worker, user-assigned
identity for everything (host storage, deployment package, Cosmos DB, Key Vault key store, telemetry),
HTTPS only, TLS 1.2, no FTP and no basic publishing credentials.'''

import { Tags } from '../types.bicep'

@description('Required. Name of the function app.')
param name string

@description('Required. Name of the Flex Consumption plan.')
param planName string

@description('Required. Azure region.')
param location string

@description('Required. Tags for the plan and the app; the app also gets azd-service-name.')
param tags Tags

@description('Required. azd service name of the app (azure.yaml services key).')
param serviceName string

@description('Required. Spread the plan over availability zones.')
param zoneRedundant bool

@description('Required. Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Required. Scale-out limit.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Required. Always-ready instances for the HTTP trigger group (0 allows scale to zero).')
@minValue(0)
param alwaysReadyInstances int

@description('Required. Resource ID of the user-assigned identity.')
param identityId string

@description('Required. Client ID of the user-assigned identity.')
param identityClientId string

@description('Required. Name of the storage account used as AzureWebJobsStorage.')
param storageAccountName string

@description('Required. URL of the blob container that receives deployment packages.')
param deploymentContainerUrl string

@description('Required. Application Insights connection string (identifies the component; not a credential).')
param applicationInsightsConnectionString string

@description('Required. Cosmos DB account endpoint.')
param cosmosEndpoint string

@description('Required. Cosmos DB database name.')
param cosmosDatabaseName string

@description('Required. Days a reading is kept; the app reports it and Cosmos DB enforces it with a TTL.')
@minValue(1)
param readingsRetentionDays int

@description('Required. Days an audit record is kept; the app lists no older ones and Cosmos DB enforces it with a TTL.')
@minValue(1)
param auditRetentionDays int

@description('Required. Share of successful traces the app exports, from 0 to 1 (a decimal string); failed traces are always exported.')
param telemetrySuccessSamplingRatio string

@description('Required. URI of the Key Vault that stores the Functions host keys.')
param keyVaultUri string

@description('Required. Resource ID of the Log Analytics workspace for diagnostics.')
param logAnalyticsWorkspaceId string

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
    zoneRedundant: zoneRedundant
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyInstances }] : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Deployments go through Entra-authenticated publishing; basic credentials stay off.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Host storage through the identity: no connection string, no account key.
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: 'https://${storageAccountName}.blob.${environment().suffixes.storage}'
      AzureWebJobsStorage__queueServiceUri: 'https://${storageAccountName}.queue.${environment().suffixes.storage}'
      AzureWebJobsStorage__tableServiceUri: 'https://${storageAccountName}.table.${environment().suffixes.storage}'
      // Host keys live in Key Vault, where API Management reads the key of its active slot. The host
      // reloads them when it is presented a key it does not know (at most once a minute per instance).
      AzureWebJobsSecretStorageType: 'keyvault'
      AzureWebJobsSecretStorageKeyVaultUri: keyVaultUri
      AzureWebJobsSecretStorageKeyVaultClientId: identityClientId
      // Telemetry with Entra authentication (Application Insights local auth is off).
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
      // DefaultAzureCredential in the app picks the user-assigned identity.
      AZURE_CLIENT_ID: identityClientId
      Cosmos__Endpoint: cosmosEndpoint
      Cosmos__Database: cosmosDatabaseName
      Readings__RetentionDays: string(readingsRetentionDays)
      Audit__RetentionDays: string(auditRetentionDays)
      Telemetry__SuccessSamplingRatio: telemetrySuccessSamplingRatio
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      { category: 'FunctionAppLogs', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

@description('Resource ID of the function app.')
output id string = site.id

@description('Name of the function app.')
output name string = site.name

@description('Default host name, e.g. <name>.azurewebsites.net.')
output defaultHostName string = site.properties.defaultHostName
