using System;
using Netmap.Sdk;

namespace Netmap.Pipeline.Tests;

internal static class Pipes
{
    public static string Parent() => "f" + Guid.NewGuid().ToString("N")[..8];

    public static int Send(NetmapPort master, int ring, params byte[][] frames)
    {
        TxRing tx = master.TxRing(ring);
        int sent = 0;
        foreach (byte[] f in frames)
        {
            if (!tx.TryTransmit(f))
            {
                break;
            }

            sent++;
        }

        master.TxSync();
        return sent;
    }
}
