namespace Tollgate.ConsumerSide.Dashboard;

/// <summary>One embedded static file of the dashboard.</summary>
/// <param name="Content">Its bytes.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="ETag">A strong, quoted entity tag of its content.</param>
internal sealed record DashboardAsset(byte[] Content, string ContentType, string ETag);
