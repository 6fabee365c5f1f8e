using System.Security.Cryptography;
using System.Text;

namespace Tollgate.AdminApi.FunctionalTests.Infrastructure;

/// <summary>What tests expect of token ids, computed independently of the service.</summary>
public static class Secrets
{
    /// <summary>The audit id of a token: <c>tok_</c> and the first 8 hex digits of its SHA-256.</summary>
    public static string TokenIdOf(string token) =>
        "tok_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..8];
}
