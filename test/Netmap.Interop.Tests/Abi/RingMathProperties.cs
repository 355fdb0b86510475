using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Netmap.Interop.Tests.Abi;

/// <summary>
/// Ring arithmetic at any ring size (netmap does not require powers of two), checked against the plain modular
/// definitions: next, advance, distance, space, interval membership, and the n-1 usable slots rule.
/// </summary>
public sealed class RingMathProperties
{
    // A ring of n slots with two indexes in it; n from 1 to netmap's largest pipe ring (4096) and beyond.
    private static Arbitrary<(uint N, uint A, uint B)> RingAndTwoIndexes() =>
        (from n in Gen.Choose(1, 70_000)
         from a in Gen.Choose(0, n - 1)
         from b in Gen.Choose(0, n - 1)
         select ((uint)n, (uint)a, (uint)b)).ToArbitrary();

    [Property]
    public Property Next_is_plus_one_modulo_n() =>
        Prop.ForAll(RingAndTwoIndexes(), t => RingMath.Next(t.A, t.N) == (t.A + 1) % t.N);

    [Property]
    public Property Distance_is_forward_steps_modulo_n() =>
        Prop.ForAll(RingAndTwoIndexes(), t =>
            RingMath.Distance(t.A, t.B, t.N) == (uint)((((long)t.B - t.A) % t.N + t.N) % t.N));

    [Property]
    public Property Advance_then_distance_round_trips() =>
        Prop.ForAll(RingAndTwoIndexes(), t =>
        {
            uint k = t.B; // any k < n
            uint j = RingMath.Advance(t.A, k, t.N);
            return j < t.N && j == (uint)(((ulong)t.A + k) % t.N) && RingMath.Distance(t.A, j, t.N) == k;
        });

    [Property]
    public Property Space_never_exceeds_n_minus_one_and_a_full_ring_has_exactly_n_minus_one() =>
        Prop.ForAll(RingAndTwoIndexes(), t =>
        {
            uint space = RingMath.Space(t.A, t.B, t.N);
            uint beforeHead = t.A == 0 ? t.N - 1 : t.A - 1; // TX tail of a fresh ring sits one behind head
            return space <= t.N - 1 && RingMath.Space(t.A, beforeHead, t.N) == t.N - 1 && RingMath.Space(t.A, t.A, t.N) == 0;
        });

    [Property]
    public Property Consuming_a_batch_reduces_space_by_its_size() =>
        Prop.ForAll(RingAndTwoIndexes(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (t, r) =>
        {
            uint space = RingMath.Space(t.A, t.B, t.N);
            uint k = space == 0 ? 0 : (uint)r % (space + 1);
            uint head = RingMath.Advance(t.A, k, t.N);
            return RingMath.Space(head, t.B, t.N) == space - k;
        });

    [Property]
    public Property Closed_interval_membership_matches_walking_the_ring() =>
        Prop.ForAll(
            (from n in Gen.Choose(1, 300)
             from a in Gen.Choose(0, n - 1)
             from b in Gen.Choose(0, n - 1)
             from x in Gen.Choose(0, n - 1)
             select ((uint)n, (uint)a, (uint)b, (uint)x)).ToArbitrary(),
            t =>
            {
                var (n, a, b, x) = t;
                bool walked = false;
                for (uint i = a; ; i = (i + 1) % n)
                {
                    walked |= i == x;
                    if (i == b)
                    {
                        break;
                    }
                }

                return RingMath.InClosed(a, x, b, n) == walked;
            });

    [Property]
    public Property Next_wraps_to_zero_only_at_the_last_slot() =>
        Prop.ForAll(RingAndTwoIndexes(), t => (RingMath.Next(t.A, t.N) == 0) == (t.A == t.N - 1));
}
