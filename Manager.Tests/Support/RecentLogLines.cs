using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Manager.Tests.Support;

/// <summary>The last lines a test manager logged, for the message of a test that times out waiting for it.</summary>
public sealed class RecentLogLines : ILoggerProvider
{
    private const int Keep = 200;
    private readonly ConcurrentQueue<string> _lines = new();

    public override string ToString() => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Keep) _lines.TryDequeue(out _);
    }

    private sealed class Logger(RecentLogLines lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Readiness polls log two lines each (an unauthenticated probe, an unhealthy check): they would crowd out the rest.
            if (!IsEnabled(logLevel) || category.EndsWith("BearerTokenHandler") || category.EndsWith("DefaultHealthCheckService")) return;
            lines.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
        }
    }
}
