namespace Netmap.Filters;

/// <summary>
/// One stage of a pipeline, like ASP.NET Core middleware: look at the packet and return a verdict, or
/// <see cref="FilterResult.Next"/> to hand it on. Each worker gets its own instance (created through DI, so
/// constructor injection, <c>IOptionsMonitor&lt;T&gt;</c> and <c>ILogger&lt;T&gt;</c> work), used by that
/// worker's thread alone: keep mutable state in fields without locks. The chain is compiled once at start into
/// direct calls on the concrete filter types — seal your filter classes (or make them structs).
/// </summary>
public interface IPacketFilter
{
    /// <summary>Decides about one packet. Must not allocate, block or throw on any frame.</summary>
    FilterResult Invoke(ref PacketContext context);

    /// <summary>Called once per batch before its packets (VPP style): refresh options, prefetch, amortise.</summary>
    void OnBatch(int slotsAvailable)
    {
    }
}
