namespace Tollgate.Core.Billing;

/// <summary>The payment provider could not be reached or refused the request; nothing was charged or changed.</summary>
public sealed class BillingUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
