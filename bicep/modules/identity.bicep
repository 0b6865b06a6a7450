metadata description = 'The user-assigned managed identity the function app uses for storage, Cosmos DB, Key Vault and telemetry.'

import { Tags } from '../types.bicep'

@description('Required. Name of the identity.')
param name string

@description('Required. Azure region.')
param location string

@description('Required. Tags for the identity.')
param tags Tags

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource ID of the identity.')
output id string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Client (application) ID of the identity, used by DefaultAzureCredential and the Functions host.')
output clientId string = identity.properties.clientId

@description('Object (principal) ID of the identity, the target of role assignments.')
output principalId string = identity.properties.principalId
