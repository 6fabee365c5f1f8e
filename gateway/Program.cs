using Tollgate.Core.Limiting;
using Tollgate.Core.Redis;
using Tollgate.Gateway;
using Tollgate.Gateway.Observability;
using Tollgate.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(args, GatewayMetrics.MeterName, LimiterMetrics.MeterName, RedisGuard.MeterName);
builder.AddGateway();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGateway();
app.Run();

/// <summary>Entry point; public so tests can host the gateway with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
