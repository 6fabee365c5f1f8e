namespace Tollgate.Core.Accounts;

/// <summary>Who asks for a tier change: it decides whether a move that needs payment may go ahead without one.</summary>
public enum TierChangeOrigin
{
    /// <summary>The account's own key (subscription endpoint, dashboard): a priced move must be paid through the provider.</summary>
    Consumer,

    /// <summary>An operator through the admin API: payment, if any, was arranged outside Tollgate.</summary>
    Admin,
}
