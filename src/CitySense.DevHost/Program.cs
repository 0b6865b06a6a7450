using CitySense.DevHost;
using CitySense.DevHost.Demo;
using CitySense.DevHost.Functions;
using CitySense.DevHost.Gateway;
using CitySense.DevHost.LocalCosmos;
using CitySense.DevHost.LocalQueues;
using CitySense.Functions;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// No Cosmos endpoint configured: run the local Cosmos-compatible server for this process (stopped with it).
await builder.AddLocalCosmosWhenNoEndpointAsync();

// No queue connection configured: run Azurite's queue service for this process (stopped with it).
await builder.AddLocalQueuesWhenNoConnectionAsync();

builder.Services.AddCitySense(builder.Configuration);
builder.Services.AddOptions<DevHostOptions>()
    .BindConfiguration("DevHost")
    .Validate(options => !GatewayStandIn.Validate(options.Callers).Any(), "DevHost:Callers has an invalid entry (each needs Key, Id and Product public|operator|admin).")
    .ValidateOnStart();
builder.Services.AddSingleton<FunctionKeyCheck>();
builder.Services.AddHostedService<DemoDataSeeder>();

// The queue-triggered functions, from the same generated metadata and host.json the Functions host reads.
builder.Services.AddSingleton(QueueTriggerOptions.FromHostJson(Path.Combine(AppContext.BaseDirectory, "host.json")));
builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<QueueFunctionHost>(
    services, FunctionCatalog.LoadQueueFunctions(typeof(SensorFunctions).Assembly)));

var app = builder.Build();

// API Management's part locally: subscription keys become trusted caller headers (none configured: admin).
app.UseMiddleware<GatewayStandIn>();
app.MapFunctions(FunctionCatalog.Load(typeof(SensorFunctions).Assembly));
// Interactive docs over the served contract, from Scalar's bundled assets (no CDN, no AI chat, no telemetry).
app.MapScalarApiReference("/docs", options => options.WithTitle("CitySense API").WithOpenApiRoutePattern("/api/openapi.json")
    .DisableAgent().DisableTelemetry().DisableDefaultFonts().HideDeveloperTools().ExpandAllTags());
app.Run();
