/** The EDMX ($metadata) document of a service, generated from the same declarations the service answers with. */
import type { EntitySetDef, NavigationDef, ODataService, PropertyDef } from './model';

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attributes(values: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

function propertyXml(property: PropertyDef, isKey: boolean): string {
  return `<Property${attributes({
    Name: property.name,
    Type: property.type,
    Nullable: isKey ? 'false' : undefined,
    MaxLength: property.maxLength,
    Precision: property.type === 'Edm.DateTime' ? 0 : property.precision,
    Scale: property.scale,
    'sap:display-format': property.dateOnly ? 'Date' : undefined,
  })}/>`;
}

function associationName(set: EntitySetDef, navigation: NavigationDef): string {
  return `assoc_${set.typeName}_${navigation.name}`;
}

/** Builds the document; navigation targets are looked up by set name, so a typo fails loudly at first request. */
export function metadataXml(service: ODataService): string {
  const ns = service.name;
  const byName = new Map(service.entitySets.map((set) => [set.name, set]));
  const target = (set: EntitySetDef, navigation: NavigationDef): EntitySetDef => {
    const found = byName.get(navigation.target);
    if (!found) throw new TypeError(`navigation ${set.name}/${navigation.name} targets unknown set ${navigation.target}`);
    return found;
  };
  const lines: string[] = [];
  for (const set of service.entitySets) {
    lines.push(`<EntityType${attributes({ Name: set.typeName, 'sap:content-version': 1 })}>`);
    lines.push(`<Key>${set.keys.map((key) => `<PropertyRef${attributes({ Name: key })}/>`).join('')}</Key>`);
    for (const property of set.properties) lines.push(propertyXml(property, set.keys.includes(property.name)));
    for (const navigation of set.navigations) {
      const association = associationName(set, navigation);
      lines.push(`<NavigationProperty${attributes({ Name: navigation.name, Relationship: `${ns}.${association}`, FromRole: `FromRole_${association}`, ToRole: `ToRole_${association}` })}/>`);
    }
    lines.push('</EntityType>');
  }
  for (const complexType of service.complexTypes ?? []) {
    lines.push(`<ComplexType${attributes({ Name: complexType.name })}>`);
    for (const property of complexType.properties) lines.push(propertyXml(property, false));
    lines.push('</ComplexType>');
  }
  for (const set of service.entitySets) {
    for (const navigation of set.navigations) {
      const association = associationName(set, navigation);
      lines.push(`<Association${attributes({ Name: association, 'sap:content-version': 1 })}>`);
      lines.push(`<End${attributes({ Type: `${ns}.${set.typeName}`, Multiplicity: navigation.many ? '1' : '*', Role: `FromRole_${association}` })}/>`);
      lines.push(`<End${attributes({ Type: `${ns}.${target(set, navigation).typeName}`, Multiplicity: navigation.many ? '*' : '1', Role: `ToRole_${association}` })}/>`);
      lines.push('</Association>');
    }
  }
  lines.push(`<EntityContainer${attributes({ Name: `${ns}_Entities`, 'm:IsDefaultEntityContainer': 'true', 'sap:supported-formats': 'json' })}>`);
  for (const set of service.entitySets) {
    const creatable = set.create ? 'true' : 'false';
    lines.push(`<EntitySet${attributes({ Name: set.name, EntityType: `${ns}.${set.typeName}`, 'sap:creatable': creatable, 'sap:updatable': 'false', 'sap:deletable': 'false', 'sap:content-version': 1 })}/>`);
  }
  for (const set of service.entitySets) {
    for (const navigation of set.navigations) {
      const association = associationName(set, navigation);
      lines.push(`<AssociationSet${attributes({ Name: association, Association: `${ns}.${association}`, 'sap:creatable': 'false', 'sap:updatable': 'false', 'sap:deletable': 'false', 'sap:content-version': 1 })}>`);
      lines.push(`<End${attributes({ EntitySet: set.name, Role: `FromRole_${association}` })}/>`);
      lines.push(`<End${attributes({ EntitySet: target(set, navigation).name, Role: `ToRole_${association}` })}/>`);
      lines.push('</AssociationSet>');
    }
  }
  for (const functionImport of service.functionImports ?? []) {
    const returns = functionImport.returns;
    const returnSet = 'entitySet' in returns ? byName.get(returns.entitySet) : undefined;
    if ('entitySet' in returns && !returnSet) throw new TypeError(`function import ${functionImport.name} returns unknown set ${returns.entitySet}`);
    lines.push(
      `<FunctionImport${attributes({
        Name: functionImport.name,
        ReturnType: returnSet ? `${ns}.${returnSet.typeName}` : `Collection(${ns}.${(returns as { complexType: string }).complexType})`,
        EntitySet: returnSet?.name,
        'm:HttpMethod': functionImport.httpMethod ?? 'GET',
      })}>`,
    );
    for (const parameter of functionImport.parameters) {
      lines.push(`<Parameter${attributes({ Name: parameter.name, Type: 'Edm.String', Mode: 'In', MaxLength: parameter.maxLength })}/>`);
    }
    lines.push('</FunctionImport>');
  }
  lines.push('</EntityContainer>');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:sap="http://www.sap.com/Protocols/SAPData">',
    '<edmx:DataServices m:DataServiceVersion="2.0">',
    `<Schema${attributes({ Namespace: ns, 'xml:lang': 'en', 'sap:schema-version': 1, xmlns: 'http://schemas.microsoft.com/ado/2008/09/edm' })}>`,
    ...lines,
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n');
}
