import { describe, expect, it } from 'vitest';
import { KNOWN_MOTIONS, normaliseMotion } from '../../../shared/io/motion';

describe('normaliseMotion', () => {
  it('knows three motions', () => {
    expect(KNOWN_MOTIONS).toEqual(['reseller', 'services', 'technology']);
  });

  it.each<[string, string]>([
    ['reseller', 'reseller'],
    ['Reseller', 'reseller'],
    ['  RESELLER ', 'reseller'],
    ['VAR', 'reseller'],
    ['var', 'reseller'],
    ['Resale', 'reseller'],
    ['Value-Added Reseller', 'reseller'],
    ['value added reseller', 'reseller'],
    ['Services', 'services'],
    ['services', 'services'],
    ['SI', 'services'],
    ['System Integrator', 'services'],
    ['system   integrator', 'services'],
    ['Systems Integrator', 'services'],
    ['Consulting', 'services'],
    ['Consultancy', 'services'],
    ['Implementation partner', 'services'],
    ['MSP', 'services'],
    ['Technology', 'technology'],
    ['Tech', 'technology'],
    ['ISV', 'technology'],
    ['Integration', 'technology'],
    ['App partner', 'technology'],
    ['Marketplace', 'technology'],
    ['technology\u00a0partner', 'technology'],
    ['Wiederverkäufer', 'reseller'],
    ['Händler', 'reseller'],
    ['Vertriebspartner', 'reseller'],
    ['Revendeur', 'reseller'],
    ['Revendedor', 'reseller'],
    ['Dienstleister', 'services'],
    ['Systemhaus', 'services'],
    ['Intégrateur', 'services'],
    ['Conseil', 'services'],
    ['Consultoría', 'services'],
    ['Technologiepartner', 'technology'],
    ['Éditeur de logiciels', 'technology'],
    ['Tecnología', 'technology'],
  ])('%j → %s (known)', (raw, motion) => {
    expect(normaliseMotion(raw)).toEqual({ motion, known: true });
  });

  it.each<[string, string]>([
    ['Distributor', 'distributor'],
    ['Distributeur', 'distributeur'],
    ['Distribuidor', 'distribuidor'],
    ['  Referral ', 'referral'],
    ['Referral   Partner', 'referral partner'],
    ['Value-Added  Distributor', 'value-added distributor'],
    ['OEM', 'oem'],
    ['', ''],
  ])('%j → %j (unknown)', (raw, motion) => {
    expect(normaliseMotion(raw)).toEqual({ motion, known: false });
  });
});
