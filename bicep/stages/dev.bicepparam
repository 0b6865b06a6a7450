// Deploys the dev stage without azd (e.g. az deployment sub create --location <region>
// --template-file bicep/main.bicep --parameters bicep/stages/dev.bicepparam).
// The stage's values live in dev.settings.json, which main.bicep also loads when azd passes stage=dev.
using '../main.bicep'

param stage = 'dev'
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'citysense-dev')
param location = readEnvironmentVariable('AZURE_LOCATION', 'swedencentral')
param operatorEmail = readEnvironmentVariable('CITYSENSE_OPERATOR_EMAIL', 'citysense-operators@example.com')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
