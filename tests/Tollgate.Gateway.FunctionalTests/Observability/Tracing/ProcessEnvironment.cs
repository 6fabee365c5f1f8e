namespace Tollgate.Gateway.FunctionalTests.Observability.Tracing;

/// <summary>
/// Environment variables set for as long as a host is being built, then put back: how a deployment passes the
/// <c>OTEL_*</c> settings. The host reads them into its configuration once, when it is built.
/// </summary>
public sealed class ProcessEnvironment : IDisposable
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    public ProcessEnvironment(IReadOnlyDictionary<string, string?> variables)
    {
        foreach (var (name, value) in variables)
        {
            _previous[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
