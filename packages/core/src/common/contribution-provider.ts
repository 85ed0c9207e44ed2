/**
 * A consumer's view of a contribution point: every binding of the point's symbol, in plugin
 * order, or an empty array when no plugin contributes.
 *
 * @example
 * ```ts
 * constructor(@inject(ContributionProvider.for(RouteContribution))
 *             private readonly routes: ContributionProvider<RouteContribution>) {}
 * ```
 */
export interface ContributionProvider<T> {
  getContributions(): readonly T[];
}

const providerTokens = new Map<symbol, symbol>();

export const ContributionProvider = {
  /** The injection token of the provider for one contribution point. */
  for(point: symbol): symbol {
    let token = providerTokens.get(point);
    if (!token) {
      token = Symbol(`ContributionProvider<${point.description ?? 'anonymous'}>`);
      providerTokens.set(point, token);
    }
    return token;
  },
};
