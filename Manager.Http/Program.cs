using Manager.Http.Auth;
using Manager.Http.Configuration;
using Manager.Http.Endpoints;
using Manager.Http.OpenApi;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

ManagerConfiguration config;
// No configuration reload: its file watcher covers the content root (the working directory, where
// manager.db lives by default), so every journal write woke it up; that cost ~10 % of the CPU under load.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
ShippedSettings.UseWhenMissing(builder);
try
{
    config = ManagerConfiguration.Read(builder.Configuration);
}
catch (ConfigurationException e)
{
    Console.Error.WriteLine($"manager: {e.Message}");
    return 2;
}

if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:8080");
builder.AddManager(config);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDashboard(); // static files, no token needed (the page sends one with each API call)
app.UseWebSockets(); // the workers' log streams (GET /workers/{id}/log-stream)
app.UseAuthentication();
app.UseWorkerContact(); // a worker's request, any route, even one refused: contact (docs/api.md, "Connection")
app.UseAuthorization();
app.UseRateLimiter();
app.MapApiReference();
// Probes are anonymous and answered by routing itself, before the authentication, authorization and rate-limiter
// middleware (ShortCircuit): a load balancer asks them often, and they need none of it.
app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().ShortCircuit();
app.MapHealthChecks("/readyz", new HealthCheckOptions
{
    Predicate = check => check.Tags.Contains("ready"),
    ResponseWriter = Manager.Http.Operations.ReadinessReport.Write,
}).AllowAnonymous().ShortCircuit();
app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policies.Operator);
app.MapTaskEndpoints();
app.MapJobEndpoints();
app.MapLastFrameEndpoints();
app.MapWorkerEndpoints();
app.MapLogStreamEndpoints();
app.MapSettingsEndpoints();
app.MapTokenEndpoints();
app.MapAuditEndpoints();
app.MapEventEndpoints();
app.MapIdentityEndpoints();

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupFailure.Describe(e) is { } line)
{
    Console.Error.WriteLine($"manager: {line}");
    return 3;
}

public partial class Program;
