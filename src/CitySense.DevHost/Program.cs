using CitySense.DevHost;
using CitySense.DevHost.Demo;
using CitySense.DevHost.Functions;
using CitySense.DevHost.LocalCosmos;
using CitySense.Functions;

var builder = WebApplication.CreateBuilder(args);

// No Cosmos endpoint configured: run the local Cosmos-compatible server for this process (stopped with it).
await builder.AddLocalCosmosWhenNoEndpointAsync();

builder.Services.AddCitySense(builder.Configuration);
builder.Services.AddOptions<DevHostOptions>().BindConfiguration("DevHost");
builder.Services.AddSingleton<FunctionKeyCheck>();
builder.Services.AddHostedService<DemoDataSeeder>();

var app = builder.Build();
app.MapFunctions(FunctionCatalog.Load(typeof(SensorFunctions).Assembly));
app.Run();
