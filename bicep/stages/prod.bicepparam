// Deploys the prod stage without azd (e.g. az deployment sub create --location <region>
// --template-file bicep/main.bicep --parameters bicep/stages/prod.bicepparam).
// The stage's values live in prod.settings.json, which main.bicep also loads when azd passes stage=prod.
using '../main.bicep'

param stage = 'prod'
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'citysense-prod')
param location = readEnvironmentVariable('AZURE_LOCATION', 'swedencentral')
param operatorEmail = readEnvironmentVariable('CITYSENSE_OPERATOR_EMAIL', 'citysense-operators@example.com')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
