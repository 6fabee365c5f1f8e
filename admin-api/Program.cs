using Tollgate.AdminApi;
using Tollgate.Core.Redis;
using Tollgate.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(args, RedisGuard.MeterName);
builder.AddAdminApi();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAdminApi();
app.Run();

/// <summary>Entry point; public so tests can host the admin API with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
