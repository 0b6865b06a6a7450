metadata description = 'Alerts that page the CitySense operators: API 5xx rate, API p95 latency and Cosmos DB throttling (429), all sent to one e-mail action group.'

import { AlertThresholds, Tags } from '../types.bicep'

@description('Required. Name of the action group.')
param actionGroupName string

@description('Required. Prefix of the alert rule names.')
param alertNamePrefix string

@description('Required. Azure region of the log search alert rules.')
param location string

@description('Required. Tags for every resource.')
param tags Tags

@description('Required. E-mail address that receives the alerts.')
param operatorEmail string

@description('Required. Alert thresholds for this stage.')
param thresholds AlertThresholds

@description('Required. Resource ID of the Log Analytics workspace that holds the Application Insights requests.')
param logAnalyticsWorkspaceId string

@description('Required. Name of the function app (its cloud role name in the request telemetry).')
param functionAppName string

@description('Required. Resource ID of the Cosmos DB account.')
param cosmosAccountId string

var apiRequests = 'AppRequests | where AppRoleName =~ \'${functionAppName}\''

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    enabled: true
    groupShortName: 'citysense'
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: operatorEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource serverErrors 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${alertNamePrefix}api-5xx-rate'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'CitySense API 5xx rate'
    description: 'More than ${thresholds.serverErrorPercent}% of API requests failed with a server error in the last 15 minutes.'
    severity: 1
    enabled: true
    // AppRequests exists only after the app's first telemetry arrives: without this a new environment fails.
    skipQueryValidation: true
    scopes: [logAnalyticsWorkspaceId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: '${apiRequests} | summarize Total = count(), Failed = countif(toint(ResultCode) >= 500) | extend FailedPercent = iff(Total == 0, 0.0, 100.0 * Failed / Total)'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'FailedPercent'
          operator: 'GreaterThan'
          threshold: thresholds.serverErrorPercent
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [actionGroup.id]
    }
  }
}

resource latency 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${alertNamePrefix}api-p95-latency'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'CitySense API p95 latency'
    description: 'The 95th percentile of API request duration exceeded ${thresholds.latencyP95Milliseconds} ms over 15 minutes.'
    severity: 2
    enabled: true
    skipQueryValidation: true
    scopes: [logAnalyticsWorkspaceId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: '${apiRequests} | summarize P95Milliseconds = percentile(DurationMs, 95)'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'P95Milliseconds'
          operator: 'GreaterThan'
          threshold: thresholds.latencyP95Milliseconds
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [actionGroup.id]
    }
  }
}

resource cosmosThrottling 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${alertNamePrefix}cosmos-throttling'
  location: 'global'
  tags: tags
  properties: {
    description: 'Cosmos DB answered more than ${thresholds.cosmosThrottledRequests} requests with 429 (throttled) within 5 minutes.'
    severity: 2
    enabled: true
    scopes: [cosmosAccountId]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'ThrottledRequests'
          metricNamespace: 'Microsoft.DocumentDB/databaseAccounts'
          metricName: 'TotalRequests'
          dimensions: [
            {
              name: 'StatusCode'
              operator: 'Include'
              values: ['429']
            }
          ]
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: thresholds.cosmosThrottledRequests
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}

@description('Resource ID of the action group.')
output actionGroupId string = actionGroup.id
