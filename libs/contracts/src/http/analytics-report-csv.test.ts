import { dailyReportExample, weeklyReportExample } from './analytics-api';
import { formatReportCsv } from './analytics-report-csv';

describe('a daily report as CSV', () => {
  it('has a header, the fleet rows first, and quotes a rule name holding a comma or a quote', () => {
    const [figures] = dailyReportExample.products;
    if (figures === undefined) throw new Error('the example has a product');
    const report = {
      ...dailyReportExample,
      products: [{ ...figures, alerts: [{ ruleId: 'r1', ruleName: 'Frost, "cellar"', count: 2 }] }],
    };
    const lines = formatReportCsv(report).split('\r\n');
    expect(lines.slice(0, 2)).toEqual(['product,metric,key,value', '*,provisioned,,300']);
    expect(lines).toContain('thermostat,alerts,"r1 Frost, ""cellar""",2');
    expect(lines.at(-1)).toBe('');
  });

  it('a weekly report has rows for active devices and feature usage by who asked', () => {
    const lines = formatReportCsv(weeklyReportExample).split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '*,active,,296',
        'thermostat,featureUsage,desired:setpoint:owner,120',
        'thermostat,featureUsage,command:reboot:vendor,4',
      ]),
    );
  });
});
