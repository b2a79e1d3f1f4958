import { compileValidator } from '../validation';
import { OwnTracksLocation, OwnTracksTransition, ownTracksExamples } from './owntracks';
import { PostLocationFixesRequest } from './public-api-locations';

describe('OwnTracks and location contracts', () => {
  it('the location and transition the app sends validate, their extra fields allowed', () => {
    expect(compileValidator(OwnTracksLocation).explain(ownTracksExamples.location)).toEqual([]);
    expect(compileValidator(OwnTracksTransition).explain(ownTracksExamples.transition)).toEqual([]);
  });

  it('a location out of range or without a timestamp names the field', () => {
    const explain = compileValidator(OwnTracksLocation).explain;
    expect(explain({ ...ownTracksExamples.location, lat: 91 }).join()).toMatch(/lat/);
    const { tst: _omitted, ...withoutTime } = ownTracksExamples.location;
    expect(explain(withoutTime).join()).toMatch(/tst/);
  });

  it("Homeport's batch example validates, and an accuracy of 0 is refused", () => {
    const explain = compileValidator(PostLocationFixesRequest).explain;
    const [example] = PostLocationFixesRequest.examples as [PostLocationFixesRequest];
    expect(explain(example)).toEqual([]);
    const [fix] = example.fixes;
    expect(explain({ ...example, fixes: [{ ...fix, accuracyMeters: 0 }] }).join()).toMatch(/accuracyMeters/);
  });
});
