// Deploys the staging stage without azd (e.g. az deployment sub create --location <region>
// --template-file bicep/main.bicep --parameters bicep/stages/staging.bicepparam).
// The stage's values live in staging.settings.json, which main.bicep also loads when azd passes stage=staging.
using '../main.bicep'

param stage = 'staging'
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'citysense-staging')
param location = readEnvironmentVariable('AZURE_LOCATION', 'swedencentral')
param operatorEmail = readEnvironmentVariable('CITYSENSE_OPERATOR_EMAIL', 'citysense-operators@example.com')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
