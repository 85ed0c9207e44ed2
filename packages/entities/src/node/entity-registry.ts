import { inject, injectable } from 'inversify';
import { ContributionProvider, NotFoundError, PluginError } from '@portico/core';
import { EntityContribution, type EntityDefinition } from './entity-definition';

/** Every entity registered by the enabled plugins, checked for consistency at start. */
@injectable()
export class EntityRegistry {
  private readonly entities = new Map<string, EntityDefinition>();
  private loaded = false;

  constructor(@inject(ContributionProvider.for(EntityContribution)) private readonly contributions: ContributionProvider<EntityContribution>) {}

  all(): EntityDefinition[] {
    this.load();
    return [...this.entities.values()];
  }

  get(logicalName: string): EntityDefinition {
    this.load();
    const def = this.entities.get(logicalName);
    if (!def) throw new NotFoundError(`No entity "${logicalName}"`);
    return def;
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const contribution of this.contributions.getContributions()) {
      contribution.registerEntities({ register: (def) => this.register(def) });
    }
  }

  private register(def: EntityDefinition): void {
    const problem = (message: string): never => {
      throw new PluginError(def.logicalName, `entity definition: ${message}`);
    };
    if (!/^[a-z][a-z0-9_]*$/.test(def.logicalName)) problem('logicalName must be lower_snake_case');
    if (this.entities.has(def.logicalName)) problem('registered twice');
    const names = new Set(def.fields.map((f) => f.name));
    for (const f of def.fields) {
      if (!def.columns[f.name] && !def.computed?.[f.name]) problem(`field "${f.name}" has neither a column nor a computed expression`);
      if (def.computed?.[f.name] && !f.readOnly) problem(`computed field "${f.name}" must be readOnly`);
    }
    const refs = [def.primaryField, ...def.listColumns, ...def.keywordFields, def.defaultSort.field, ...def.sections.flatMap((s) => s.fields)];
    for (const ref of refs) if (!names.has(ref)) problem(`"${ref}" is not one of its fields`);
    this.entities.set(def.logicalName, def);
  }
}
