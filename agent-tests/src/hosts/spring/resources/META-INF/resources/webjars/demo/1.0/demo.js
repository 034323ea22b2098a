console.log('a webjar');
