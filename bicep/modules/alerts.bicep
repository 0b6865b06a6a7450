metadata description = 'Alerts that page the CitySense operators: API 5xx rate, API p95 latency, Cosmos DB throttling (429), messages moved to a poison queue and dead-lettered webhook deliveries, all sent to one e-mail action group.'

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

@description('Optional. Name of the custom event the app records when a webhook delivery has spent every retry (the contract with the delivery code; docs/azure.md).')
param deadLetteredEventName string = 'WebhookDeadLettered'

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

// Azure Storage queue metrics cannot tell one queue from another (QueueMessageCount is per account, hourly), so the
// alert reads the Functions host's own warning, written each time it moves a message to a poison queue, from the
// host logs the function app already sends to the workspace (no extra ingestion; docs/azure.md has the trade-off).
resource poisonMessages 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${alertNamePrefix}queue-poison-messages'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'CitySense messages moved to a poison queue'
    description: 'More than ${thresholds.poisonQueueMessages} queue messages (reading events or webhook deliveries) were moved to a -poison queue in the last 15 minutes: the app failed on them maxDequeueCount times and nothing will process them again.'
    severity: 1
    enabled: true
    // FunctionAppLogs exists only after the app's first host log arrives.
    skipQueryValidation: true
    scopes: [logAnalyticsWorkspaceId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'FunctionAppLogs | where AppName =~ \'${functionAppName}\' and Message has \'MaxDequeueCount\' and Message contains \'-poison\' | summarize PoisonMessages = count()'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'PoisonMessages'
          operator: 'GreaterThan'
          threshold: thresholds.poisonQueueMessages
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

resource deadLetteredDeliveries 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${alertNamePrefix}webhook-dead-letters'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'CitySense webhook deliveries dead-lettered'
    description: 'More than ${thresholds.deadLetteredDeliveries} webhook deliveries spent every retry and were dead-lettered in the last 15 minutes (custom event ${deadLetteredEventName}).'
    severity: 3
    enabled: true
    // AppEvents exists only after the app's first custom event.
    skipQueryValidation: true
    scopes: [logAnalyticsWorkspaceId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'AppEvents | where AppRoleName =~ \'${functionAppName}\' and Name == \'${deadLetteredEventName}\' | summarize DeadLettered = count()'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'DeadLettered'
          operator: 'GreaterThan'
          threshold: thresholds.deadLetteredDeliveries
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
