import { compileValidator } from '../validation';
import { OwnTracksLocation, OwnTracksTransition, ownTracksExamples } from './owntracks';
import { PostLocationFixesRequest } from './public-api-locations';

describe('OwnTracks and location contracts', () => {
  it('the location and transition the app sends validate, their extra fields allowed', () => {
    expect(compileValidator(OwnTracksLocation).explain(ownTracksExamples.location)).toEqual([]);
    expect(compileValidator(OwnTracksTransition).explain(ownTracksExamples.transition)).toEqual([]);
  });

  it('a location out of range or without a timestamp names the field', () => {
    const validator = compileValidator(OwnTracksLocation);
    expect(validator.explain({ ...ownTracksExamples.location, lat: 91 }).join()).toMatch(/lat/);
    const { tst: _omitted, ...withoutTime } = ownTracksExamples.location;
    expect(validator.explain(withoutTime).join()).toMatch(/tst/);
  });

  it("Homeport's batch example validates, and an accuracy of 0 is refused", () => {
    const validator = compileValidator(PostLocationFixesRequest);
    const fix = {
      latitude: 48.87,
      longitude: 2.37,
      accuracyMeters: 18,
      timestamp: '2026-11-21T10:00:00.000Z',
    };
    expect(validator.explain({ phone: "Ada's Pixel", fixes: [fix] })).toEqual([]);
    const inaccurate = { phone: "Ada's Pixel", fixes: [{ ...fix, accuracyMeters: 0 }] };
    expect(validator.explain(inaccurate).join()).toMatch(/accuracyMeters/);
  });
});
