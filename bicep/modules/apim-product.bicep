metadata description = 'One API Management product of CitySense: the product, its link to the CitySense API, its limits policy and the groups that may see it in the developer portal.'

@description('Required. Name of the API Management service.')
param serviceName string

@description('Required. Name of the API the product grants access to.')
param apiName string

@description('Required. Product identifier (used by policies as context.Product.Id).')
param name string

@description('Required. Name shown in the developer portal.')
param displayName string

@description('Required. Description shown in the developer portal.')
param productDescription string

@description('Required. True if an administrator must approve each subscription.')
param approvalRequired bool

@description('Optional. Subscriptions one user may hold; null for no limit.')
@minValue(1)
param subscriptionsLimit int?

@description('Required. Built-in or custom groups (e.g. developers, guests) that see the product.')
param groupNames string[]

@description('Required. Product policy document (raw XML with policy expressions).')
param policyXml string

resource service 'Microsoft.ApiManagement/service@2024-05-01' existing = {
  name: serviceName
}

resource product 'Microsoft.ApiManagement/service/products@2024-05-01' = {
  parent: service
  name: name
  properties: {
    displayName: displayName
    description: productDescription
    state: 'published'
    subscriptionRequired: true
    approvalRequired: approvalRequired
    subscriptionsLimit: subscriptionsLimit
    terms: 'Use of CitySense is subject to the terms of use accepted at sign-up.'
  }

  resource apiLink 'apis' = {
    name: apiName
  }

  resource policy 'policies' = {
    name: 'policy'
    properties: {
      format: 'rawxml'
      value: policyXml
    }
  }

  resource groups 'groups' = [
    for groupName in groupNames: {
      name: groupName
    }
  ]
}

@description('Name of the product.')
output name string = product.name
