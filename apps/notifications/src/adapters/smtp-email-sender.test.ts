import { classifySmtpError } from './smtp-email-sender';

describe('SMTP answers', () => {
  it('4xx is worth retrying', () => {
    const busy = { responseCode: 421, command: 'MAIL FROM', response: '421 4.3.2 try again later' };
    expect(classifySmtpError(busy)).toEqual({
      kind: 'transient',
      reason: 'MAIL FROM answered 421 4.3.2 try again later',
    });
  });

  it('5xx on the recipient is permanent and the address is dead', () => {
    const unknown = { responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 no such user' };
    expect(classifySmtpError(unknown)).toMatchObject({ kind: 'permanent', addressGone: true });
  });

  it('5xx on the message is permanent for it alone; refused credentials wait for an operator', () => {
    expect(classifySmtpError({ responseCode: 554, command: 'DATA', response: '554 spam' })).toMatchObject({
      kind: 'permanent',
      addressGone: false,
    });
    expect(classifySmtpError({ responseCode: 535, command: 'AUTH PLAIN', code: 'EAUTH' }).kind).toBe(
      'transient',
    );
  });

  it('no answer at all (refused, timed out) is worth retrying', () => {
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' })).toEqual({
      kind: 'transient',
      reason: 'ECONNECTION: connect ECONNREFUSED',
    });
  });
});
