import { Random } from './random';

describe("the seed's random source", () => {
  it('draws weighted keys as often as their weights say, the same for the same seed', () => {
    const weights = { huisarts: 25, politie: 4, wijkteam: 21 };
    const draw = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 50_000 }, () => random.weighted(weights));
    };
    const draws = draw(7);
    const share = (key: string) => draws.filter((d) => d === key).length / draws.length;
    expect(share('huisarts')).toBeCloseTo(0.5, 1);
    expect(share('wijkteam')).toBeCloseTo(0.42, 1);
    expect(share('politie')).toBeGreaterThan(0.06);
    expect(share('politie')).toBeLessThan(0.1);
    expect(draw(7).slice(0, 100)).toEqual(draws.slice(0, 100));
  });
});
