using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Tollgate.Core.Redis;

/// <summary>
/// Base of the typed wrappers of the embedded <c>.lua</c> scripts: sends a script by SHA (EVALSHA) and
/// falls back to EVAL only when a Redis node has not seen it yet, so a call normally costs one short command.
/// </summary>
internal abstract class EmbeddedLuaScript
{
    private readonly string _resourceName;

    /// <param name="resourceName">Logical name of the embedded resource, e.g. <c>Tollgate.Core.Keys.Scripts.issue_key.lua</c>.</param>
    protected EmbeddedLuaScript(string resourceName)
    {
        _resourceName = resourceName;
        // The script sits in the assembly of the wrapper deriving from this one (Core, or Webhooks).
        using var stream = GetType().Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded script {resourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        Source = reader.ReadToEnd();
#pragma warning disable CA5350 // SHA-1 is what Redis names scripts by, not a security measure.
        Sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Source));
#pragma warning restore CA5350
    }

    /// <summary>The Lua source.</summary>
    public string Source { get; }

    /// <summary>SHA-1 of the source, as EVALSHA wants it.</summary>
    public byte[] Sha1 { get; }

    /// <summary>Runs the script; see the script's header for the layout of keys, arguments and result.</summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await database.ScriptEvaluateAsync(Sha1, keys, args).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (RedisFaults.FaultOf(e.Message) == StoreFault.ScriptMissing)
        {
            // First call on this node (or after SCRIPT FLUSH, a restart, a failover): EVAL loads it for next time. Once
            // only: if that fails too, the caller's guard takes it as Redis failing.
            return await database.ScriptEvaluateAsync(Source, keys, args).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => _resourceName;
}
