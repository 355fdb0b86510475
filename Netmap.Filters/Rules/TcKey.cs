namespace Netmap.Filters.Rules;

/// <summary>
/// One u32 key as the kernel stores it: a 32-bit big-endian word at a 4-byte-aligned offset from the network
/// header, compared as <c>(word &amp; Mask) == Value</c>.
/// </summary>
/// <param name="Offset">Offset of the word from the network header (a multiple of 4; negative reaches into the MAC header).</param>
/// <param name="Value">Expected bits (already masked), as a big-endian number.</param>
/// <param name="Mask">Bits compared.</param>
/// <param name="OffsetMask">iproute2's offmask (-1 for nexthdr+ keys); with no <c>offset</c>/<c>link</c> it adds nothing.</param>
public readonly record struct TcKey(int Offset, uint Value, uint Mask, int OffsetMask = 0);
