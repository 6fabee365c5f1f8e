using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tollgate.Testing;

/// <summary>
/// A logger provider that keeps every line a host writes (category, message, structured values, scopes, exception),
/// to check what is logged and what is never logged (secrets).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider? _scopes;

    /// <summary>Every line so far.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>All lines as one text.</summary>
    public string Text => string.Join(Environment.NewLine, _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            owner._scopes?.Push(state);

        // The host's filters (configuration, minimum level) decide; whatever passes them is kept.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            var scopes = new List<string>();
            owner._scopes?.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), scopes);
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] scopes=[{string.Join(" | ", scopes)}] {exception}");
        }
    }
}
