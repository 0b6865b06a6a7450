using CitySense.Functions;
using CitySense.Functions.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemExceptionMiddleware>();
builder.Services.AddCitySense(builder.Configuration);
builder.Build().Run();
