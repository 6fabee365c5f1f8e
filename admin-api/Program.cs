using Tollgate.AdminApi;
using Tollgate.Core.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddTollgateSettings(args);
builder.AddAdminApi();

var app = builder.Build();
app.MapAdminApi();
app.Run();

/// <summary>Entry point; public so tests can host the admin API with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
