import { loc, model } from '@vprog/proto-ts';
import { callFailure } from '../testing/call-failure';
import { startServiceUnderTest, type ServiceUnderTest } from '../testing/service-under-test';
import { createLocStudent } from '../distill/testing/distill-services';

describe('admin credentials on ModelService', () => {
  let sut: ServiceUnderTest<typeof loc.LocServiceService>;

  beforeAll(async () => {
    sut = await startServiceUnderTest(createLocStudent, loc.LocServiceService, { config: { adminToken: 's3cret-token' } });
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('refuses an admin call without credentials as UNAUTHENTICATED and leaves the active version', async () => {
    const failure = await callFailure(sut.admin.rollback({ expectedActiveVersion: '' }));
    expect(failure).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ADMIN_CREDENTIALS_MISSING' });
    expect(sut.service.host.activeVersion).toBe('v1');
  });

  it('refuses a wrong token as PERMISSION_DENIED, for Distill too', async () => {
    const wrong = { metadata: { authorization: 'Bearer not-it' } };
    expect(await callFailure(sut.admin.activate({ version: 'v1', expectedActiveVersion: '' }, wrong))).toMatchObject({ code: 'PERMISSION_DENIED', reason: 'ADMIN_CREDENTIALS_INVALID' });
    expect(await callFailure(sut.admin.distill([], wrong))).toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('lets the right token through and keeps reads open to everyone', async () => {
    const { active } = await sut.admin.activate({ version: 'v1', expectedActiveVersion: 'v1' }, { metadata: { authorization: 'Bearer s3cret-token' } });
    expect(active?.version).toBe('v1');
    const { modelInfo } = await sut.admin.getModelInfo({ version: '' });
    expect(modelInfo?.version?.state).toBe(model.VersionState.VERSION_STATE_ACTIVE);
    expect((await sut.admin.listVersions({ pageSize: 0, pageToken: '' })).versions.length).toBeGreaterThan(0);
  });
});
