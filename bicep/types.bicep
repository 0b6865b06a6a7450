// Types shared by main.bicep, the stage files and the modules. Every value that differs between
// dev, staging and prod is a field of StageSettings; the values live in stages/<stage>.settings.json.

@export()
@description('Resource tags: names and values are strings.')
type Tags = {
  *: string
}

@export()
@description('Call limits of one API Management product, counted per subscription key.')
type ProductLimits = {
  @description('Required. Calls allowed per subscription within renewalPeriodSeconds (rate-limit-by-key).')
  @minValue(1)
  callsPerPeriod: int

  @description('Required. Length of the sliding rate-limit window in seconds (API Management allows at most 300).')
  @minValue(1)
  @maxValue(300)
  renewalPeriodSeconds: int

  @description('Required. Calls allowed per subscription per day (quota, renewed every 86400 seconds).')
  @minValue(1)
  callsPerDay: int
}

@export()
@description('Thresholds of the alerts that page the operators.')
type AlertThresholds = {
  @description('Required. Share of API requests answered with a 5xx status, in percent over 15 minutes, that raises an alert.')
  @minValue(1)
  @maxValue(100)
  serverErrorPercent: int

  @description('Required. 95th percentile of API request duration in milliseconds over 15 minutes that raises an alert.')
  @minValue(50)
  latencyP95Milliseconds: int

  @description('Required. Number of Cosmos DB requests throttled with status 429 within 5 minutes that raises an alert.')
  @minValue(1)
  cosmosThrottledRequests: int

  @description('Required. Messages moved to a -poison queue (a reading event or a delivery message the Functions host gave up on after maxDequeueCount attempts) within 15 minutes that raise an alert; 0 alerts on the first.')
  @minValue(0)
  poisonQueueMessages: int

  @description('Required. Webhook deliveries dead-lettered by the app (custom event WebhookDeadLettered, every retry spent) within 15 minutes that raise an alert.')
  @minValue(0)
  deadLetteredDeliveries: int
}

@export()
@description('Everything that differs between the dev, staging and prod stages of CitySense.')
type StageSettings = {
  @description('Required. API Management tier. Developer has the developer portal and rate-limit-by-key at the lowest price but no SLA; the v2 tiers carry an SLA. Consumption is not offered: it has neither the portal nor rate-limit-by-key.')
  apiManagementSku: 'Developer' | 'BasicV2' | 'StandardV2'

  @description('Required. API Management scale units.')
  @minValue(1)
  @maxValue(10)
  apiManagementCapacity: int

  @description('Required. Percentage of API Management requests sent to Application Insights.')
  @minValue(0)
  @maxValue(100)
  apiManagementSamplingPercentage: int

  @description('Required. Browser origins allowed by the CORS policy besides the developer portal. Use ["*"] to allow any origin (no credentials are ever allowed).')
  corsAllowedOrigins: string[]

  @description('Required. Calls per minute allowed from one client address to the anonymous operations (GET /health, /openapi.yaml, /openapi.json).')
  @minValue(1)
  anonymousCallsPerMinute: int

  @description('Required. Limits of the "public" product (open sign-up, read-only).')
  publicProduct: ProductLimits

  @description('Required. Limits of the "operator" product (approval required, read, and write in granted cities).')
  operatorProduct: ProductLimits

  @description('Required. Limits of the "admin" product (approval required, administrators only: grants, the audit trail and everything else).')
  adminProduct: ProductLimits

  @description('Required. True for a serverless Cosmos DB account (pay per request); false for provisioned autoscale throughput.')
  cosmosServerless: bool

  @description('Required. Maximum autoscale throughput in RU/s shared by the database; ignored when cosmosServerless is true.')
  @minValue(1000)
  cosmosAutoscaleMaxThroughput: int

  @description('Required. Cosmos DB backup mode: periodic (two free copies) or continuous point-in-time restore for 7 or 30 days.')
  cosmosBackup: 'Periodic' | 'Continuous7Days' | 'Continuous30Days'

  @description('Required. True to give the deploying principal (principalId) the Cosmos DB data contributor role, for local runs against the cloud account. Only ever true in dev.')
  cosmosDeployerDataAccess: bool

  @description('Required. Days a reading is kept before Cosmos DB deletes it (container default TTL).')
  @minValue(1)
  @maxValue(3650)
  readingsRetentionDays: int

  @description('Required. Days an audit record of a registry change is kept before Cosmos DB deletes it (container default TTL).')
  @minValue(1)
  @maxValue(3650)
  auditRetentionDays: int

  @description('Required. Share of successful traces the app exports, from 0 to 1; failed traces are always exported.')
  telemetrySuccessSamplingRatio: string

  @description('Required. Spread the Flex Consumption plan and the Cosmos DB region over availability zones (only where the region offers them).')
  zoneRedundant: bool

  @description('Required. Flex Consumption memory per instance in MB.')
  functionInstanceMemoryMB: 512 | 2048 | 4096

  @description('Required. Flex Consumption scale-out limit.')
  @minValue(40)
  @maxValue(1000)
  functionMaximumInstanceCount: int

  @description('Required. Always-ready instances for the HTTP functions (0 lets the app scale to zero). A zone-redundant plan keeps at least 2 whatever is set.')
  @minValue(0)
  @maxValue(20)
  functionAlwaysReadyInstances: int

  @description('Required. Storage redundancy of the function app account.')
  storageSku: 'Standard_LRS' | 'Standard_ZRS'

  @description('Required. Log Analytics retention in days.')
  @minValue(30)
  @maxValue(730)
  logRetentionDays: int

  @description('Required. Days a deleted Key Vault or secret stays recoverable.')
  @minValue(7)
  @maxValue(90)
  keyVaultSoftDeleteRetentionDays: int

  @description('Required. Forbid purging deleted Key Vault objects before their retention ends. Irreversible once on, and it blocks "azd down --purge", so it is on only where data must survive mistakes.')
  keyVaultPurgeProtection: bool

  @description('Required. Alert thresholds.')
  alerts: AlertThresholds
}
