/**
 * What Sui reports about the package's tables, and what it refuses in a pure argument:
 * - an `ObjectTable` entry is a dynamic object field: a `Field<Wrapper<K>, ID>` object at the id
 *   Sui derives (`deriveDynamicFieldID`), owned by the table and holding the value's id, and the
 *   value object owned by that field;
 * - a `String` argument that is not UTF-8 fails the command with `InvalidBCSBytes`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bcs } from '@mysten/sui/bcs';
import { Transaction } from '@mysten/sui/transactions';
import { deriveDynamicFieldID, normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import { callPackageId } from '../../../chain/chain.ts';
import { readCoordinator, readObject } from '../../../chain/object-reader.ts';
import { DWallet, ObjectTableFieldById } from '../../../chain/schemas/objects.ts';
import { assertArgumentError } from '../support/assertions.ts';
import { Flows, LocalHarness } from '../support/local-harness.ts';

describe('local chain: dynamic fields and strings as Sui has them', () => {
  let h: LocalHarness;
  let flows: Flows;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
  });
  after(() => h.close());

  it('an ObjectTable entry is a Field<Wrapper<ID>, ID> owned by the table, and the value is owned by the field', async () => {
    const user = await h.user();
    const { dwalletId } = await flows.activeDWallet(user);
    const table = (await readCoordinator(h.chain)).dwallets.id;
    const fieldId = normalizeSuiAddress(
      deriveDynamicFieldID(table, '0x2::dynamic_object_field::Wrapper<0x2::object::ID>', bcs.Address.serialize(dwalletId).toBytes()),
    );
    const field = await h.chain.getObject(fieldId);
    assert.ok(field !== null, 'the field object is at the id Sui derives');
    assert.equal(normalizeStructTag(field.type), normalizeStructTag(ObjectTableFieldById.type));
    assert.deepEqual(field.owner, { kind: 'object', parentId: table });
    const value = ObjectTableFieldById.struct.bcs.parse(field.bcs);
    assert.deepEqual([value.id, value.name, value.value], [fieldId, dwalletId, dwalletId]);
    const dwallet = await readObject(h.chain, dwalletId, DWallet);
    assert.deepEqual(dwallet.object.owner, { kind: 'object', parentId: fieldId });
  });

  it('a String argument that is not UTF-8 fails the command with InvalidBCSBytes', async () => {
    const tx = new Transaction();
    const builder = h.client.call(tx, 'new_committee_builder', { _: await h.adminCap() });
    const vectorOfBytes = bcs.vector(bcs.byteVector());
    tx.moveCall({
      target: `${callPackageId(h.client.deployment)}::coordinator::add_committee_members`,
      arguments: [
        builder,
        tx.pure(vectorOfBytes.serialize([h.validators[0]?.publicKey ?? new Uint8Array()]).toBytes()),
        tx.pure(vectorOfBytes.serialize([new Uint8Array(96)]).toBytes()),
        tx.pure(bcs.vector(bcs.u64()).serialize([1n]).toBytes()),
        tx.pure(bcs.vector(bcs.Address).serialize([h.admin.toSuiAddress()]).toBytes()),
        // vector<String> with one entry whose bytes are not UTF-8.
        tx.pure(vectorOfBytes.serialize([new Uint8Array([0x68, 0xff, 0xfe])]).toBytes()),
        tx.pure(vectorOfBytes.serialize([new Uint8Array(33)]).toBytes()),
      ],
    });
    tx.transferObjects([builder], h.admin.toSuiAddress());
    assertArgumentError(await h.exec(tx, h.admin), 'InvalidBCSBytes');
  });
});
