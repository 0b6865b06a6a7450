metadata description = '''API Management in front of the CitySense function app: the checked-in OpenAPI document imported
as the "citysense" API at /api, a backend that adds the Functions host key from Key Vault, products "public" (open
sign-up, read-only), "operator" (approval, writes in granted cities) and "admin" (approval, administrators only:
grants and the audit trail) with per-subscription rate limits and daily quotas, an API policy that tells the app who
calls (subscription and product, never a client's copy), a service policy that answers every refusal of the gateway
with an RFC 9457 problem document, CORS, Application Insights logging, developer portal sign-up and the smoke-test
subscriptions. The portal is published after provisioning by scripts/publish-portal.sh (best effort), never here.'''

import { ProductLimits, Tags } from '../types.bicep'

@description('Required. Name of the API Management service.')
param name string

@description('Required. Azure region.')
param location string

@description('Required. Tags for the service.')
param tags Tags

@description('Required. Tier: Developer (dev) or a v2 tier (staging, prod).')
@allowed([
  'Developer'
  'BasicV2'
  'StandardV2'
])
param skuName string

@description('Required. Scale units.')
@minValue(1)
param skuCapacity int

@description('Required. Publisher e-mail shown in the developer portal and used for service notifications.')
param publisherEmail string

@description('Required. Publisher name shown in the developer portal.')
param publisherName string

@description('Required. Browser origins allowed by CORS besides the developer portal; ["*"] allows any.')
param corsAllowedOrigins string[]

@description('Required. Calls per minute one client address may make to the anonymous operations.')
@minValue(1)
param anonymousCallsPerMinute int

@description('Required. Limits of the public product.')
param publicProduct ProductLimits

@description('Required. Limits of the operator product.')
param operatorProduct ProductLimits

@description('Required. Limits of the admin product.')
param adminProduct ProductLimits

@description('Required. Percentage of requests sent to Application Insights.')
@minValue(0)
@maxValue(100)
param samplingPercentage int

@description('Required. Default host name of the function app (backend).')
param functionAppHostName string

@description('Required. Name of the user-assigned identity of API Management; created here, before the service, so its Key Vault access has propagated by the time the named value reads the key.')
param identityName string

@description('Required. Name of the Key Vault that holds the Functions host keys.')
param keyVaultName string

@description('Required. Names of the host key slot secrets; API Management may read either, so a rotation can switch slots.')
@minLength(2)
param hostKeySecretNames string[]

@description('Required. Versionless URI of the slot the named value points at when it is created. Later provisions keep the slot a rotation chose.')
param initialHostKeySecretUri string

@description('Required. Name of the Application Insights component for the logger.')
param applicationInsightsName string

@description('Required. Application Insights connection string (identifies the component; ingestion uses the service identity).')
param applicationInsightsConnectionString string

@description('Required. Resource ID of the Log Analytics workspace for diagnostics.')
param logAnalyticsWorkspaceId string

// The API document written for the app; importing it here keeps one copy of the contract. Its JSON form
// (openapi/openapi.json, generated from openapi.yaml, which the contract tests hold it equal to): loadTextContent
// refuses files over 131,072 characters, which the YAML outgrew, loadJsonContent takes up to 1,048,576.
var openApiDocument = string(loadJsonContent('../../openapi/openapi.json'))

var backendId = 'citysense-functions'
var hostKeyNamedValue = 'function-host-key'
var developerPortalOrigin = 'https://${name}.developer.azure-api.net'
var allowedOrigins = contains(corsAllowedOrigins, '*') ? ['*'] : union(corsAllowedOrigins, [developerPortalOrigin])

var products = [
  {
    id: 'public'
    displayName: 'CitySense public'
    description: 'Read access to sensors and readings. Sign up in the developer portal and get a key at once.'
    approvalRequired: false
    subscriptionsLimit: 1
    limits: publicProduct
    groups: ['developers', 'guests']
  }
  {
    id: 'operator'
    displayName: 'CitySense operator'
    description: 'Read access, and write access in the cities the CitySense team grants: register sensors and push readings. Subscriptions are approved by the CitySense team.'
    approvalRequired: true
    subscriptionsLimit: null
    limits: operatorProduct
    groups: ['developers']
  }
  {
    id: 'admin'
    displayName: 'CitySense admin'
    description: 'Everything, plus grants of cities to operators and the audit trail. For the CitySense team only: visible to administrators, subscriptions are approved.'
    approvalRequired: true
    subscriptionsLimit: null
    limits: adminProduct
    // Built-in group of the service's administrators: developers and guests never see the product in the portal.
    groups: ['administrators']
  }
]

// Built-in roles: Key Vault Secrets User (read secret values) and Monitoring Metrics Publisher.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

// Classic tiers take protocol switches; the v2 tiers accept no changes and default to TLS 1.2.
var legacyProtocolsOff = {
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls10': 'False'
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Tls11': 'False'
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Protocols.Ssl30': 'False'
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Tls10': 'False'
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Tls11': 'False'
  'Microsoft.WindowsAzure.ApiManagement.Gateway.Security.Backend.Protocols.Ssl30': 'False'
}

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource hostKeySecrets 'Microsoft.KeyVault/vaults/secrets@2024-11-01' existing = [
  for secretName in hostKeySecretNames: {
    parent: keyVault
    name: secretName
  }
]

// A user-assigned identity exists (and gets its roles) before the service: API Management takes 30-45
// minutes to create on the Developer tier, so the role assignments have long propagated when the named
// value first reads the key. A system-assigned identity would only exist after the service, and the
// assignment would race the named value on every new environment.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: identityName
  location: location
  tags: tags
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource service 'Microsoft.ApiManagement/service@2024-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: skuCapacity
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    publisherEmail: publisherEmail
    publisherName: publisherName
    developerPortalStatus: 'Enabled'
    customProperties: skuName == 'Developer' ? legacyProtocolsOff : null
  }
}

// Read access to the host key slots, nothing else in the vault.
resource hostKeyReaders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (secretName, index) in hostKeySecretNames: {
    name: guid(hostKeySecrets[index].id, identity.id, keyVaultSecretsUserRoleId)
    scope: hostKeySecrets[index]
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    }
  }
]

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      monitoringMetricsPublisherRoleId
    )
  }
}

// Created once: a later provision must not point API Management back at a slot a rotation retired.
// Versionless URI: API Management follows new versions of the slot within four hours, or at once on refresh.
@onlyIfNotExists()
resource hostKey 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: service
  name: hostKeyNamedValue
  properties: {
    displayName: hostKeyNamedValue
    secret: true
    keyVault: {
      secretIdentifier: initialHostKeySecretUri
      identityClientId: identity.properties.clientId
    }
  }
  dependsOn: [
    hostKeyReaders
  ]
}

resource backend 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
  parent: service
  name: backendId
  properties: {
    description: 'CitySense Functions app; every call carries the host key the Functions host checks.'
    protocol: 'http'
    url: 'https://${functionAppHostName}/api'
    credentials: {
      header: {
        'x-functions-key': ['{{${hostKey.name}}}']
      }
    }
    tls: {
      validateCertificateChain: true
      validateCertificateName: true
    }
  }
}

resource api 'Microsoft.ApiManagement/service/apis@2024-05-01' = {
  parent: service
  name: 'citysense'
  properties: {
    displayName: 'CitySense'
    description: 'Sensors, readings and nearby search for connected cities.'
    path: 'api'
    protocols: ['https']
    // The products require a key; the API does not, so that health and the API description stay
    // anonymous. The API policy refuses every other operation without a key.
    subscriptionRequired: false
    apiType: 'http'
    type: 'http'
    format: 'openapi+json'
    value: openApiDocument
    serviceUrl: 'https://${functionAppHostName}/api'
  }

  resource policy 'policies' = {
    name: 'policy'
    properties: {
      format: 'rawxml'
      value: replace(
        replace(
          replace(
            loadTextContent('policies/api.xml'),
            '__ALLOWED_ORIGINS__',
            join(map(allowedOrigins, origin => '<origin>${origin}</origin>'), '')
          ),
          '__BACKEND_ID__',
          backend.name
        ),
        '__ANONYMOUS_CALLS_PER_MINUTE__',
        string(anonymousCallsPerMinute)
      )
    }
  }
}

// Every refusal of the gateway itself (no or unknown key, over the limit, no such operation, backend
// unreachable or refusing the host key) becomes a problem document; it applies to every API of the service.
resource servicePolicy 'Microsoft.ApiManagement/service/policies@2024-05-01' = {
  parent: service
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: loadTextContent('policies/service.xml')
  }
}

module productModules 'apim-product.bicep' = [
  for product in products: {
    name: 'apim-product-${product.id}'
    params: {
      serviceName: service.name
      apiName: api.name
      name: product.id
      displayName: product.displayName
      productDescription: product.description
      approvalRequired: product.approvalRequired
      subscriptionsLimit: product.subscriptionsLimit
      groupNames: product.groups
      policyXml: replace(
        replace(
          replace(
            loadTextContent('policies/product.xml'),
            '__CALLS_PER_PERIOD__',
            string(product.limits.callsPerPeriod)
          ),
          '__RENEWAL_PERIOD_SECONDS__',
          string(product.limits.renewalPeriodSeconds)
        ),
        '__CALLS_PER_DAY__',
        string(product.limits.callsPerDay)
      )
    }
  }
]

// Subscriptions the post-deployment smoke test reads its keys from (listSecrets at run time); their keys
// never appear in the template, an output or a log.
resource smokeSubscriptions 'Microsoft.ApiManagement/service/subscriptions@2024-05-01' = [
  for product in products: {
    parent: service
    name: 'citysense-smoke-${product.id}'
    properties: {
      displayName: 'CitySense smoke test (${product.id})'
      scope: '/products/${product.id}'
      state: 'active'
      allowTracing: false
    }
    dependsOn: [
      productModules
    ]
  }
]

resource signup 'Microsoft.ApiManagement/service/portalsettings@2024-05-01' = {
  parent: service
  name: 'signup'
  properties: {
    enabled: true
    termsOfService: {
      enabled: true
      consentRequired: true
      text: 'CitySense data is provided as is. Keys are personal; do not share them or use them to get around the rate limits.'
    }
  }
}

resource logger 'Microsoft.ApiManagement/service/loggers@2024-05-01' = {
  parent: service
  name: 'application-insights'
  properties: {
    loggerType: 'applicationInsights'
    description: 'CitySense Application Insights, written with the service identity.'
    resourceId: applicationInsights.id
    credentials: {
      connectionString: applicationInsightsConnectionString
      identityClientId: identity.properties.clientId
    }
  }
  dependsOn: [
    telemetryPublisher
  ]
}

resource diagnostics 'Microsoft.ApiManagement/service/diagnostics@2024-05-01' = {
  parent: service
  name: 'applicationinsights'
  properties: {
    loggerId: logger.id
    alwaysLog: 'allErrors'
    httpCorrelationProtocol: 'W3C'
    verbosity: 'information'
    logClientIp: false
    metrics: true
    sampling: {
      samplingType: 'fixed'
      percentage: samplingPercentage
    }
  }
}

resource serviceDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: service
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      { category: 'GatewayLogs', enabled: true }
    ]
    metrics: [
      { category: 'AllMetrics', enabled: true }
    ]
  }
}

@description('Name of the API Management service.')
output name string = service.name

@description('Gateway base URL, e.g. https://<name>.azure-api.net.')
output gatewayUrl string = service.properties.gatewayUrl

@description('Base URL of the CitySense API on the gateway.')
output apiUrl string = '${service.properties.gatewayUrl}/${api.properties.path}'

@description('Client ID of the API Management identity (it reads the host key slots).')
output identityClientId string = identity.properties.clientId

@description('Developer portal URL, where callers sign up and get keys.')
output developerPortalUrl string = service.properties.developerPortalUrl
