namespace Tollgate.Core.Invalidation;

/// <summary>What an <see cref="CacheInvalidation"/> is about.</summary>
public enum CacheInvalidationKind
{
    /// <summary>One API key record.</summary>
    Key,

    /// <summary>One account record.</summary>
    Account,
}
