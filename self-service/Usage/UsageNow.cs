using Tollgate.Core.Limiting;
using Tollgate.SelfService.Contracts;

namespace Tollgate.SelfService.Usage;

/// <summary>An account's usage at one moment: its windows (hour, day, month) and today's counts.</summary>
public sealed record UsageNow(IReadOnlyList<WindowUsageResponse> Windows, UsageDay Today, DateTimeOffset At);
