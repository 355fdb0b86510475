using System.Runtime.CompilerServices;

namespace Netmap.Interop;

/// <summary>
/// Circular index arithmetic of netmap rings of any size n (not only powers of two). All indexes are in [0, n).
/// </summary>
public static class RingMath
{
    /// <summary>The index after <paramref name="i"/>: i + 1, or 0 at n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Next(uint i, uint n) => i + 1 == n ? 0 : i + 1;

    /// <summary>The index <paramref name="k"/> slots after <paramref name="i"/> (k ≤ n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Advance(uint i, uint k, uint n)
    {
        uint j = i + k;
        return j >= n ? j - n : j;
    }

    /// <summary>Slots from <paramref name="from"/> up to (not including) <paramref name="to"/>, going forward.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Distance(uint from, uint to, uint n) => to >= from ? to - from : to + n - from;

    /// <summary><c>nm_ring_space</c>: slots in [head, tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Space(uint head, uint tail, uint n) => Distance(head, tail, n);

    /// <summary>True when <paramref name="x"/> lies in the circular interval [a, b] (both ends included).</summary>
    public static bool InClosed(uint a, uint x, uint b, uint n) => Distance(a, x, n) <= Distance(a, b, n);
}
