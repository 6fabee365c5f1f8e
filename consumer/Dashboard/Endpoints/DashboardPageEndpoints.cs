using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Tollgate.SelfService.Problems;
using Tollgate.ServiceDefaults.Problems;

namespace Tollgate.ConsumerSide.Dashboard.Endpoints;

/// <summary><c>/dashboard</c>: the page and its static assets, served from the assembly.</summary>
internal static class DashboardPageEndpoints
{
    public static RouteGroupBuilder MapDashboardPages(this RouteGroupBuilder dashboard)
    {
        // "" matches /dashboard and /dashboard/ alike; the page's links are absolute, so either works.
        dashboard.MapGet("", GetPage).WithName("DashboardPage");
        dashboard.MapGet("/assets/{**path}", GetAsset).WithName("DashboardAsset");
        return dashboard;
    }

    /// <summary>The single page; it shows the sign-in form or the dashboard depending on the session.</summary>
    internal static Results<FileContentHttpResult, ProblemHttpResult> GetPage(HttpContext context, DashboardAssets assets) =>
        Serve(context, assets.Find(DashboardAssets.Page), DashboardAssets.Page);

    /// <summary>A script, style sheet, icon or Chart.js.</summary>
    internal static Results<FileContentHttpResult, ProblemHttpResult> GetAsset(string path, HttpContext context, DashboardAssets assets) =>
        Serve(context, assets.Find(path), path);

    private static Results<FileContentHttpResult, ProblemHttpResult> Serve(HttpContext context, DashboardAsset? asset, string path)
    {
        if (asset is null)
        {
            return ProblemCatalog.NotFound.Result($"The dashboard has no asset '{Echo.Of(path)}'.");
        }
        // Revalidated on every use (304 when unchanged), so a new deployment is picked up at once.
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: EntityTagHeaderValue.Parse(asset.ETag));
    }
}
