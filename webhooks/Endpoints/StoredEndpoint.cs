namespace Tollgate.Webhooks.Endpoints;

/// <summary>
/// An endpoint as kept in the account's webhooks hash (snake_case JSON). Times are Unix ms so the delivery script can
/// compare them; <see cref="Events"/> empty means every event. Secrets are kept so they can sign; never logged.
/// </summary>
/// <param name="Id">The endpoint id (<c>wh_…</c>).</param>
/// <param name="Url">Where deliveries go.</param>
/// <param name="Events">The event types it receives; empty for all.</param>
/// <param name="Secrets">Signing secrets, newest first; a rotated-out one carries when it stops signing.</param>
/// <param name="CreatedAtMs">Registration time; events older than it are not sent to it.</param>
public sealed record StoredEndpoint(string Id, string Url, IReadOnlyList<string> Events, IReadOnlyList<StoredSecret> Secrets, long CreatedAtMs)
{
    /// <summary>The secrets that sign at <paramref name="now"/>: the current one and any rotated-out one still in its overlap.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        [.. Secrets.Where(s => s.ExpiresAtMs is not { } until || until > now.ToUnixTimeMilliseconds()).Select(s => s.Secret)];

    /// <summary>When <see cref="CreatedAtMs"/> was.</summary>
    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs);
}
