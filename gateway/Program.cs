using Tollgate.Core.Hosting;
using Tollgate.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddTollgateSettings(args);
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
app.Run();

/// <summary>Entry point; public so tests can host the gateway with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
