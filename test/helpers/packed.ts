import { IDENTITY_FIELDS, type PackedIdentity, type PartnerIdentity } from '../../shared/model/dataset';
import { packTexts } from '../../shared/model/packed-text';

/** Partners' identity fields packed one list per field, as an import hands them to the workspace. */
export function packIdentity(partners: readonly PartnerIdentity[]): PackedIdentity {
  const packed = {} as PackedIdentity;
  for (const field of IDENTITY_FIELDS) packed[field] = packTexts(partners.map((p) => p[field]));
  return packed;
}
