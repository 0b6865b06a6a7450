metadata description = 'Log Analytics workspace and workspace-based Application Insights with local (key) authentication turned off.'

import { Tags } from '../types.bicep'

@description('Required. Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Required. Name of the Application Insights component.')
param applicationInsightsName string

@description('Required. Azure region.')
param location string

@description('Required. Tags for every resource.')
param tags Tags

@description('Required. Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Required. Principal ID of the function app identity; it may publish telemetry (Monitoring Metrics Publisher).')
param appPrincipalId string

// Built-in role: Monitoring Metrics Publisher. With local auth off, telemetry is accepted only from
// Entra identities holding it.
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

resource appTelemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appPrincipalId, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      monitoringMetricsPublisherRoleId
    )
  }
}

@description('Resource ID of the Log Analytics workspace (target of every diagnostic setting).')
output logAnalyticsWorkspaceId string = workspace.id

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('Resource ID of the Application Insights component.')
output applicationInsightsId string = applicationInsights.id

@description('Application Insights connection string. It identifies the component and carries no credential: with local auth off, ingestion needs an Entra token.')
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
