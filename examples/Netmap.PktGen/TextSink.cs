using System;
using System.IO;
using System.Text;
using Netmap.Interop;

namespace Netmap.PktGen;

/// <summary>-X: dump_payload's hex dump of a slot on stdout. Debug only: it allocates, and is never reached without -X.</summary>
internal sealed class TextSink(TextWriter stdout)
{
    public void Dump(NetmapRing ring, uint cur, int len)
    {
        ref NetmapSlot slot = ref ring.Slot(cur);
        ReadOnlySpan<byte> p = ring.Buffer(slot.BufIdx);
        len = Math.Min(len, p.Length);
        var text = new StringBuilder();
        text.Append($"ring 0x{ring.Address:x} cur {cur,5} [buf {slot.BufIdx,6} flags 0x{slot.Flags:x4} len {len,5}]\n");
        for (int i = 0; i < len; i += 16)
        {
            var hex = new StringBuilder();
            var chars = new StringBuilder();
            for (int j = i; j < i + 16 && j < len; j++)
            {
                hex.Append($"{p[j]:x2} ");
                chars.Append(p[j] is >= 0x20 and < 0x7f ? (char)p[j] : '.');
            }

            text.Append($"{i,5}: {hex.ToString().PadRight(48)}{chars}\n");
        }

        stdout.Write(text.ToString());
    }
}
