using System;
using Netmap.Sdk;

namespace Netmap.Sdk.Tests;

/// <summary>Both ends of a fresh pipe on a parent name unique to the test (so tests run in parallel).</summary>
internal sealed class PipePair : IDisposable
{
    public PipePair(string? parent = null, string id = "1", string conf = "")
    {
        Parent = parent ?? UniqueParent();
        Master = NetmapPort.Open($"netmap:{Parent}{{{id}{conf}");
        Slave = NetmapPort.Open($"netmap:{Parent}}}{id}");
    }

    public string Parent { get; }

    public NetmapPort Master { get; }

    public NetmapPort Slave { get; }

    public static string UniqueParent() => "s" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        Slave.Dispose();
        Master.Dispose();
    }
}
